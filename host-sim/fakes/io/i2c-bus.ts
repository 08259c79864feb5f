import type { I2cLike, I2cOptions } from "../../../firmware/ports/io";
import { FakeIoError } from "./errors";

/**
 * A virtual I2C target. Throwing from `write`/`read` is a NACK: the bus passes it to the firmware.
 * `read` returns exactly `count` bytes.
 */
export interface FakeI2cDevice {
  write(data: Uint8Array, stop: boolean): void;
  read(count: number): Uint8Array;
}

/** One transfer seen on the bus, for assertions. */
export interface I2cTransfer {
  address: number;
  direction: "write" | "read";
  bytes: Uint8Array;
  ok: boolean;
}

/** A virtual I2C bus with attachable targets; it records every transfer. */
export class FakeI2cBus {
  readonly transfers: I2cTransfer[] = [];
  private readonly devices = new Map<number, FakeI2cDevice>();
  private readonly openAddresses = new Set<number>();

  /** Attach a target at a 7-bit address. */
  attach(address: number, device: FakeI2cDevice): void {
    checkAddress(address);
    if (this.devices.has(address)) throw new FakeIoError("busy", `i2c address 0x${address.toString(16)} already has a device`);
    this.devices.set(address, device);
  }

  /** Remove a target (as if unplugged); later transfers to it NACK. */
  detach(address: number): void {
    this.devices.delete(address);
  }

  open(options: I2cOptions): I2cLike {
    checkAddress(options.address);
    const address = options.address;
    if (this.openAddresses.has(address)) throw new FakeIoError("busy", `i2c address 0x${address.toString(16)} is already open`);
    this.openAddresses.add(address);
    let open = true;
    const target = (): FakeI2cDevice => {
      if (!open) throw new FakeIoError("closed", `i2c 0x${address.toString(16)} is closed`);
      const device = this.devices.get(address);
      if (!device) throw new FakeIoError("nack", `i2c 0x${address.toString(16)}: no device answered (address NACK)`);
      return device;
    };
    return {
      write: (data, stop = true) => {
        const record: I2cTransfer = { address, direction: "write", bytes: Uint8Array.from(data), ok: false };
        this.transfers.push(record);
        target().write(Uint8Array.from(data), stop);
        record.ok = true;
      },
      read: (count) => {
        if (!Number.isInteger(count) || count < 1) throw new FakeIoError("bad-arg", `i2c read count ${count}`);
        const record: I2cTransfer = { address, direction: "read", bytes: new Uint8Array(0), ok: false };
        this.transfers.push(record);
        const bytes = target().read(count);
        if (bytes.length !== count) throw new FakeIoError("nack", `i2c 0x${address.toString(16)}: short read`);
        record.bytes = Uint8Array.from(bytes);
        record.ok = true;
        return Uint8Array.from(bytes);
      },
      close: () => {
        if (open) this.openAddresses.delete(address);
        open = false;
      },
    };
  }
}

function checkAddress(address: number): void {
  if (!Number.isInteger(address) || address < 0x08 || address > 0x77) {
    throw new FakeIoError("bad-arg", `i2c address ${address} is not a 7-bit target address (0x08..0x77)`);
  }
}
