/** Error thrown by virtual hardware, with a machine-readable code (as the board's IO would throw). */
export class FakeIoError extends Error {
  readonly code: "busy" | "closed" | "nack" | "bad-arg";
  constructor(code: FakeIoError["code"], message: string) {
    super(message);
    this.name = "FakeIoError";
    this.code = code;
  }
}
