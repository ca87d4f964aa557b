package io.oxia.coroutines.testing.apirecord

import java.io.File
import java.lang.reflect.Constructor
import java.lang.reflect.Executable
import java.lang.reflect.Field
import java.lang.reflect.Member
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import kotlin.metadata.KmClass
import kotlin.metadata.KmDeclarationContainer
import kotlin.metadata.Visibility
import kotlin.metadata.jvm.KotlinClassMetadata
import kotlin.metadata.jvm.fieldSignature
import kotlin.metadata.jvm.getterSignature
import kotlin.metadata.jvm.setterSignature
import kotlin.metadata.jvm.signature
import kotlin.metadata.visibility

/**
 * The record of a module's public API: what a user can call, written as Java-like signatures, one
 * class a line and its members indented below it, sorted.
 *
 * It reads the module's compiled classes (`target/classes`, which is on the module's own test
 * classpath) and keeps public and protected classes and members, except what is synthetic, what is
 * in an `internal` package, and what Kotlin declares `internal` or `private` (public in bytecode;
 * the Kotlin visibility comes from `@kotlin.Metadata`).
 *
 * Each published module has one test that calls [verify]: it fails, with the difference, when the
 * API differs from the checked-in record `api/<artifact>.api`. Run that test with
 * `-Dapi.update=true` to rewrite the record, or copy `target/<artifact>.api.actual` over it.
 */
object ApiRecord {
    /**
     * Compares the API of the classes under [classes] (a `target/classes` directory) with [record],
     * and fails with the difference. Only packages starting with [packagePrefix] count.
     */
    @JvmStatic
    fun verify(
        artifact: String,
        packagePrefix: String,
        classes: File = File("target/classes"),
        record: File = File("api/$artifact.api"),
    ) {
        val actual = dump(classes, packagePrefix)
        val actualFile = File(classes.parentFile, "$artifact.api.actual")
        actualFile.writeText(actual)
        if (System.getProperty("api.update").toBoolean()) {
            record.parentFile.mkdirs()
            record.writeText(actual)
            return
        }
        val expected = if (record.exists()) record.readText() else ""
        if (actual == expected) return
        throw AssertionError(
            buildString {
                appendLine("The public API of $artifact differs from its record ${record.path}.")
                appendLine("(- only in the record, + only in the compiled classes)")
                append(difference(expected, actual))
                appendLine("If the change is meant, update the record: run this test again with")
                appendLine("-Dapi.update=true, or copy ${actualFile.path} over ${record.path}.")
            }
        )
    }

    /** The record of the classes under [classes] whose package starts with [packagePrefix]. */
    @JvmStatic
    fun dump(classes: File, packagePrefix: String): String {
        val names =
            classes
                .walk()
                .filter { it.isFile && it.name.endsWith(".class") }
                .map { it.relativeTo(classes).invariantSeparatorsPath.removeSuffix(".class") }
                .map { it.replace('/', '.') }
                .filter { it.startsWith("$packagePrefix.") && "module-info" !in it }
                .filter { name ->
                    name.substringBeforeLast('.').split('.').none { it == "internal" }
                }
                .toList()
        val loader = Thread.currentThread().contextClassLoader
        val types = names.map { Class.forName(it, false, loader) }
        return buildString {
            for (type in types.filter(::isPublicType).sortedBy { it.name }) {
                val members = members(type).sorted()
                // A file's class (`FooKt`) whose declarations are all non-public is nothing to
                // call.
                if (members.isEmpty() && isFileFacade(type)) continue
                appendLine(type.toGenericString())
                members.forEach { appendLine("    $it") }
            }
        }
    }

    private fun isPublicType(type: Class<*>): Boolean {
        if (type.isSynthetic || type.isAnonymousClass || type.isLocalClass) return false
        if (!type.modifiers.isCallable()) return false
        when (val metadata = kotlinMetadata(type)) {
            is KotlinClassMetadata.Class ->
                if (!metadata.kmClass.visibility.isCallable()) return false
            is KotlinClassMetadata.SyntheticClass -> return false
            else -> {}
        }
        return type.declaringClass?.let(::isPublicType) ?: true
    }

    private fun isFileFacade(type: Class<*>): Boolean =
        when (kotlinMetadata(type)) {
            is KotlinClassMetadata.FileFacade,
            is KotlinClassMetadata.MultiFileClassFacade,
            is KotlinClassMetadata.MultiFileClassPart -> true
            else -> false
        }

    private fun members(type: Class<*>): List<String> {
        val kotlin = KotlinVisibility.of(type)
        val constructors =
            type.declaredConstructors.filter { it.isCallableMember() && kotlin.allows(it) }
        val methods =
            type.declaredMethods.filter {
                it.isCallableMember() && !it.isBridge && '$' !in it.name && kotlin.allows(it)
            }
        val fields = type.declaredFields.filter { it.isCallableMember() && kotlin.allows(it) }
        return constructors.map { it.toGenericString() } +
            methods.map { it.toGenericString() } +
            fields.map { it.toGenericString() }
    }

    private fun Member.isCallableMember(): Boolean = !isSynthetic && modifiers.isCallable()

    private fun Int.isCallable(): Boolean = Modifier.isPublic(this) || Modifier.isProtected(this)

    private fun Visibility.isCallable(): Boolean =
        this == Visibility.PUBLIC || this == Visibility.PROTECTED

    private fun kotlinMetadata(type: Class<*>): KotlinClassMetadata? =
        type.getAnnotation(Metadata::class.java)?.let { KotlinClassMetadata.readLenient(it) }

    /**
     * The Kotlin visibility of a class's members, by JVM signature (name and descriptor), from its
     * metadata and from its companion's (whose `@JvmStatic` functions and `const` properties live
     * in the class itself). Members Kotlin does not describe are judged by the JVM alone, except
     * overloads generated for a name (`@JvmOverloads`) that Kotlin declares only non-public.
     */
    private class KotlinVisibility(
        private val bySignature: Map<String, Visibility>,
        private val hiddenNames: Set<String>,
        private val constructorsHidden: Boolean,
    ) {
        fun allows(member: Member): Boolean {
            val signature =
                when (member) {
                    is Executable -> member.jvmName() + member.descriptor()
                    is Field -> member.name + ":" + member.type.descriptor()
                    else -> error("unexpected member $member")
                }
            bySignature[signature]?.let {
                return it.isCallable()
            }
            return when (member) {
                is Constructor<*> -> !constructorsHidden
                is Method -> member.name !in hiddenNames
                else -> true
            }
        }

        companion object {
            fun of(type: Class<*>): KotlinVisibility {
                val visibilities = mutableMapOf<String, Visibility>()
                val public = mutableSetOf<String>()
                val hidden = mutableSetOf<String>()
                var constructorsHidden = false
                fun add(signature: String?, visibility: Visibility, name: String? = null) {
                    if (signature == null) return
                    visibilities.putIfAbsent(signature, visibility)
                    if (name == null) return
                    if (visibility.isCallable()) public += name else hidden += name
                }
                fun addContainer(container: KmDeclarationContainer) {
                    for (function in container.functions) {
                        add(
                            function.signature?.toString(),
                            function.visibility,
                            function.signature?.name,
                        )
                    }
                    for (property in container.properties) {
                        add(
                            property.getterSignature?.toString(),
                            property.visibility,
                            property.getterSignature?.name,
                        )
                        val setter = property.setter
                        val setterVisibility =
                            if (!property.visibility.isCallable()) property.visibility
                            else setter?.visibility ?: property.visibility
                        add(
                            property.setterSignature?.toString(),
                            setterVisibility,
                            property.setterSignature?.name,
                        )
                        // A lateinit property's field is as visible as its setter.
                        add(
                            property.fieldSignature?.let { "${it.name}:${it.descriptor}" },
                            setterVisibility,
                        )
                    }
                }
                fun addClass(kmClass: KmClass) {
                    addContainer(kmClass)
                    kmClass.companionObject?.let { companion ->
                        val companionType = runCatching {
                            Class.forName(
                                type.name + "$" + companion,
                                false,
                                type.classLoader,
                            )
                        }
                            .getOrNull()
                        val companionMetadata = companionType?.let(::kotlinMetadata)
                        if (companionMetadata is KotlinClassMetadata.Class) {
                            val kmCompanion = companionMetadata.kmClass
                            add(
                                "$companion:L${companionType.name.replace('.', '/')};",
                                kmCompanion.visibility,
                            )
                            addContainer(kmCompanion)
                        }
                    }
                }
                when (val metadata = kotlinMetadata(type)) {
                    is KotlinClassMetadata.Class -> {
                        val kmClass = metadata.kmClass
                        for (constructor in kmClass.constructors) {
                            add(constructor.signature?.toString(), constructor.visibility)
                        }
                        constructorsHidden =
                            kmClass.constructors.isNotEmpty() &&
                                kmClass.constructors.none { it.visibility.isCallable() }
                        addClass(kmClass)
                    }
                    is KotlinClassMetadata.FileFacade -> addContainer(metadata.kmPackage)
                    is KotlinClassMetadata.MultiFileClassPart -> addContainer(metadata.kmPackage)
                    else -> {}
                }
                return KotlinVisibility(visibilities, hidden - public, constructorsHidden)
            }
        }
    }

    /** Lines only in [expected] (`-`) and only in [actual] (`+`), in record order. */
    private fun difference(expected: String, actual: String): String {
        val before = expected.lines().filter { it.isNotBlank() }
        val after = actual.lines().filter { it.isNotBlank() }
        val removed = before.toSet() - after.toSet()
        val added = after.toSet() - before.toSet()
        return buildString {
            before.filter { it in removed }.forEach { appendLine("- ${it.trim()}") }
            after.filter { it in added }.forEach { appendLine("+ ${it.trim()}") }
        }
    }
}

private fun Executable.jvmName(): String = if (this is Constructor<*>) "<init>" else name

private fun Executable.descriptor(): String =
    parameterTypes.joinToString("", "(", ")") { it.descriptor() } +
        if (this is Method) returnType.descriptor() else "V"

private fun Class<*>.descriptor(): String =
    when {
        isArray -> "[" + componentType.descriptor()
        this == Void.TYPE -> "V"
        this == java.lang.Boolean.TYPE -> "Z"
        this == java.lang.Byte.TYPE -> "B"
        this == java.lang.Character.TYPE -> "C"
        this == java.lang.Short.TYPE -> "S"
        this == java.lang.Integer.TYPE -> "I"
        this == java.lang.Long.TYPE -> "J"
        this == java.lang.Float.TYPE -> "F"
        this == java.lang.Double.TYPE -> "D"
        else -> "L" + name.replace('.', '/') + ";"
    }
