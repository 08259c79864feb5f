/* ESP-IDF calls used by the xs-rainmaker Moddable adapters (bound via the manifest's ffi section). */
#include <stdint.h>
#include <string.h>
#include "esp_system.h"
#include "esp_mac.h"
#include "esp_ota_ops.h"
#include "esp_partition.h"
#include "esp_heap_caps.h"

void xsr_restart(void)
{
	esp_restart();
}

int32_t xsr_reset_reason(void)
{
	return (int32_t)esp_reset_reason();
}

int32_t xsr_ota_mark_valid(void)
{
	return esp_ota_mark_app_valid_cancel_rollback();
}

int32_t xsr_ota_rollback(void)
{
	return esp_ota_mark_app_invalid_rollback_and_reboot();
}

int32_t xsr_ota_running_slot(void)
{
	const esp_partition_t *running = esp_ota_get_running_partition();
	if (!running || running->subtype < ESP_PARTITION_SUBTYPE_APP_OTA_MIN || running->subtype > ESP_PARTITION_SUBTYPE_APP_OTA_MAX)
		return -1;
	return running->subtype - ESP_PARTITION_SUBTYPE_APP_OTA_MIN;
}

int32_t xsr_ota_pending_verify(void)
{
	esp_ota_img_states_t state;
	const esp_partition_t *running = esp_ota_get_running_partition();
	if (!running || ESP_OK != esp_ota_get_state_partition(running, &state))
		return 0;
	return ESP_OTA_IMG_PENDING_VERIFY == state;
}

int32_t xsr_ota_rolled_back(void)
{
	return NULL != esp_ota_get_last_invalid_partition();
}

int32_t xsr_ota_read_next(uint8_t *buffer, uint32_t offset, uint32_t length, uint32_t partitionOffset)
{
	const esp_partition_t *next = esp_ota_get_next_update_partition(NULL);
	if (!next)
		return -1;
	return esp_partition_read(next, partitionOffset, buffer + offset, length);
}

uint32_t xsr_ota_next_size(void)
{
	const esp_partition_t *next = esp_ota_get_next_update_partition(NULL);
	return next ? next->size : 0;
}

uint32_t xsr_total_heap(void)
{
	return heap_caps_get_total_size(MALLOC_CAP_DEFAULT);
}

uint32_t xsr_free_heap(void)
{
	return esp_get_free_heap_size();
}

uint32_t xsr_min_free_heap(void)
{
	return esp_get_minimum_free_heap_size();
}

int32_t xsr_base_mac(uint8_t *buffer, uint32_t offset, uint32_t length)
{
	if (length < 6)
		return -1;
	return esp_efuse_mac_get_default(buffer + offset);
}
