package io.oxia.coroutines.internal.observability

/** The client's operations as metrics and spans name them (the official clients' `oxia.op`). */
internal enum class OperationKind(val label: String) {
    PUT("put"),
    GET("get"),
    DELETE("delete"),
    DELETE_RANGE("delete-range"),
    LIST("list"),
    RANGE_SCAN("range-scan"),
}

/** The two kinds of batch, as `oxia.batch.type` names them. */
internal enum class BatchKind(val label: String) {
    READ("read"),
    WRITE("write"),
}
