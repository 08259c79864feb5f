import { MemoryStore } from "../../../cloud-stub/store/memory";
import { storeContract } from "./store-contract";

storeContract("memory", { open: () => new MemoryStore() });
