// SDK module "rng" (modules/crypt/etc/rng.js; seeded from esp_random() on ESP32).
declare module "rng" {
  const RNG: {
    get(count: number): ArrayBuffer;
    init(seed?: ArrayBuffer): void;
  };
  export default RNG;
}
