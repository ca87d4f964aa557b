package io.oxia.coroutines.recipes

import io.kotest.core.spec.style.FunSpec
import io.oxia.coroutines.testing.apirecord.ApiRecord

/**
 * The public API of `io.oxia.coroutines.recipes`, compared with its record `api/oxia-recipes.api`.
 * A change to the public surface fails here until the record is updated on purpose: run with
 * `-Dapi.update=true`, or copy `target/oxia-recipes.api.actual` over the record.
 */
class PublicApiSpec :
    FunSpec({
        test("the public API matches its record") {
            ApiRecord.verify(
                artifact = "oxia-recipes",
                packagePrefix = "io.oxia.coroutines.recipes",
            )
        }
    })
