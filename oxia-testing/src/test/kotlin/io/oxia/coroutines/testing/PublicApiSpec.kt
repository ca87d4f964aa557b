package io.oxia.coroutines.testing

import io.kotest.core.spec.style.FunSpec
import io.oxia.coroutines.testing.apirecord.ApiRecord

/**
 * The public API of the test kit (`io.oxia.coroutines.testing`, its `internal` package aside),
 * compared with its record `api/oxia-testing.api`. A change to the public surface fails here until
 * the record is updated on purpose: run with `-Dapi.update=true`, or copy
 * `target/oxia-testing.api.actual` over `api/oxia-testing.api`.
 */
class PublicApiSpec :
    FunSpec({
        test("the public API matches its record") {
            ApiRecord.verify(
                artifact = "oxia-testing",
                packagePrefix = "io.oxia.coroutines.testing",
            )
        }
    })
