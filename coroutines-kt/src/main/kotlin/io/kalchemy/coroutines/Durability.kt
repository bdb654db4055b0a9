package io.kalchemy.coroutines

/** What an acknowledged COMMIT survives; see [DatabaseConfig.durability]. */
enum class Durability {
    /** Survives the process crashing or being killed (`synchronous=NORMAL` in WAL mode): no fsync per COMMIT. */
    PROCESS_CRASH,

    /** Survives operating-system crashes and power loss as well (`synchronous=FULL`): one fsync per COMMIT. */
    POWER_LOSS,
}
