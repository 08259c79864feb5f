/**
 * The inactive OTA slot of a target without OTA partitions (`lin`): one buffer the size of the image.
 * Like esp_ota_begin, `open` clears it; like esp_partition_read, it can be read back while it is
 * written (the agent hashes the written bytes before it completes); a cancelled image is gone.
 */
export class MemorySlot {
  #image: Uint8Array | undefined;
  #at = 0;

  open(size: number): void {
    this.#image = new Uint8Array(size);
    this.#at = 0;
  }

  write(chunk: Uint8Array): void {
    const image = this.#image;
    if (!image) throw new Error("no OTA image is being written");
    if (this.#at + chunk.length > image.length) throw new Error(`OTA image larger than the ${image.length}-byte slot`);
    image.set(chunk, this.#at);
    this.#at += chunk.length;
  }

  cancel(): void {
    this.#image = undefined;
    this.#at = 0;
  }

  read(offset: number, length: number): Uint8Array {
    const image = this.#image;
    if (!image || offset + length > image.length) throw new RangeError("OTA read outside the stored image");
    return image.slice(offset, offset + length);
  }
}
