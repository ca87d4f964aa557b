package io.oxia.coroutines.internal.routing

/** The addresses of a service address that lists several, separated by commas, in order. */
internal fun bootstrapAddresses(serviceAddress: String): List<String> =
    serviceAddress.split(',').map { it.trim() }
