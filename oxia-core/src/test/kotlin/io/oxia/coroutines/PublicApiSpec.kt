package io.oxia.coroutines

import io.kotest.core.spec.style.FunSpec
import io.oxia.coroutines.testing.apirecord.ApiRecord

/**
 * The public API of `io.oxia.coroutines`, compared with its record `api/oxia-core.api`. A change to
 * the public surface fails here until the record is updated on purpose: run with
 * `-Dapi.update=true`, or copy `target/oxia-core.api.actual` over `api/oxia-core.api`.
 */
class PublicApiSpec :
    FunSpec({
        test("the public API matches its record") {
            ApiRecord.verify(artifact = "oxia-core", packagePrefix = "io.oxia.coroutines")
        }
    })
