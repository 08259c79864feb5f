/* Simulator versions of the hooks in native/esp32/xsr-native.c: no OTA slots, no rollback. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void xsr_restart(void)
{
	exit(0);
}

int32_t xsr_reset_reason(void)
{
	return 1;	/* ESP_RST_POWERON */
}

int32_t xsr_ota_mark_valid(void)
{
	return 0;
}

int32_t xsr_ota_rollback(void)
{
	return -1;
}

int32_t xsr_ota_running_slot(void)
{
	return 0;
}

int32_t xsr_ota_pending_verify(void)
{
	return 0;
}

int32_t xsr_ota_rolled_back(void)
{
	return 0;
}

int32_t xsr_ota_read_next(uint8_t *buffer, uint32_t offset, uint32_t length, uint32_t partitionOffset)
{
	return -1;
}

uint32_t xsr_ota_next_size(void)
{
	return 0;
}

uint32_t xsr_total_heap(void)
{
	return 0;
}

uint32_t xsr_free_heap(void)
{
	return 0;
}

uint32_t xsr_min_free_heap(void)
{
	return 0;
}

int32_t xsr_base_mac(uint8_t *buffer, uint32_t offset, uint32_t length)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x52, 0x4d, 0x01 };	/* locally administered */
	if (length < 6)
		return -1;
	memcpy(buffer + offset, mac, 6);
	return 0;
}
