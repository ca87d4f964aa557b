package io.oxia.coroutines.testing

/** Placeholder until the test kit lands. */
public object Placeholder
