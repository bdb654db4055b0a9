package io.kalchemy.orm

import io.kalchemy.errors.MappingError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.Locale

@Entity("no_id") class NoId(var name: String)
@Entity("bad_type") class BadType { @Id var id: Long? = null; var locale: Locale = Locale.ROOT }
@Entity("twice") class Twice {
    @Id var id: Long? = null
    @MappedColumn(name = "label") var a: String = ""
    @MappedColumn(name = "LABEL") var b: String = ""
}
@Entity("both") class TransientId { @Id @Transient var id: Long? = null }
@Entity("frozen") data class Frozen(@Id val id: Long, val name: String)
class NotAnnotated { @Id var id: Long? = null }
@Entity("bad_version") class BadVersion { @Id var id: Long? = null; @Version var version: String = "" }
@Entity("dto_record") data class Unused(@Id var id: Long? = null)

/** Mapping mistakes fail when the mapper is built, naming the class and the property. */
class MappingErrorSpec : FunSpec({
    val registry = Registry()

    test("a class without @Id") {
        shouldThrow<MappingError> { registry.mapper(NoId::class.java) }.message shouldContain "io.kalchemy.orm.NoId has no @Id property"
    }

    test("a property whose type has no SQL type") {
        shouldThrow<MappingError> { registry.mapper(BadType::class.java) }.message shouldContain
            "property io.kalchemy.orm.BadType.locale has type java.util.Locale, which has no SQL type"
    }

    test("two properties on one column") {
        shouldThrow<MappingError> { registry.mapper(Twice::class.java) }.message shouldContain
            "properties io.kalchemy.orm.Twice.a and io.kalchemy.orm.Twice.b both map to column 'LABEL'"
    }

    test("an annotation on a target it cannot apply to") {
        shouldThrow<MappingError> { registry.mapper(TransientId::class.java) }.message shouldContain
            "io.kalchemy.orm.TransientId.id is @Transient and @Id at once"
        shouldThrow<MappingError> { registry.mapper(BadVersion::class.java) }.message shouldContain
            "@Version property io.kalchemy.orm.BadVersion.version must be a Long or Int counter"
    }

    test("read-only classes (Kotlin vals, Java records) are refused as entities with the alternative named") {
        shouldThrow<MappingError> { registry.mapper(Frozen::class.java) }.message shouldContain
            "property io.kalchemy.orm.Frozen.id is read-only"
        shouldThrow<MappingError> { registry.mapper(JavaRecordUser::class.java) }.message shouldContain
            "is a record: records are immutable and cannot be mapped as entities"
    }

    test("a class without @Entity") {
        shouldThrow<MappingError> { registry.mapper(NotAnnotated::class.java) }.message shouldContain "annotate it with @io.kalchemy.orm.Entity"
    }

    test("a failed mapping leaves the registry usable") {
        shouldThrow<MappingError> { registry.mapper(NoId::class.java) }
        registry.metadata().contains("no_id") shouldBe false
        registry.mapper(Unused::class.java).table().name() shouldBe "dto_record"
    }
})

