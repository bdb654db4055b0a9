package io.kalchemy.orm

import io.kalchemy.engine.MoneyType
import io.kalchemy.engine.Money
import io.kalchemy.engine.Role
import io.kalchemy.schema.ReferentialAction
import java.math.BigDecimal
import java.time.Instant
import java.util.UUID

@Entity("users")
class User(
    @MappedColumn(unique = true, length = 100) var email: String,
    var name: String,
    var createdAt: Instant = Instant.now(),
) {
    @Id var id: Long? = null
    var bio: String? = null
    var role: Role = Role.MEMBER
    @Transient var scratch: String = "not stored"
}

@Entity("posts")
class Post(
    @References(User::class, onDelete = ReferentialAction.CASCADE) var userId: Long,
    var title: String,
) {
    @Id var id: Long? = null
    var likes: Int = 0
}

@Entity("accounts")
class Account(var owner: String, @MappedColumn(type = MoneyType::class) var balance: Money) {
    @Id var id: Long? = null
    @Version var version: Long? = null
}

/** Application-assigned UUID key. */
@Entity("documents")
class Document(@Id var uuid: UUID, var title: String)

/** Application-assigned text key and a composite key. */
@Entity("memberships")
class Membership(@Id var org: String, @Id var member: String, var level: Int)

/** A class whose only constructor takes every property and which has no defaults. */
@Entity("tags")
class Tag(var label: String) {
    @Id var id: Long? = null
}

/** Moves [amount] cents from one account to another atomically; fails on insufficient funds. */
fun transferFunds(sessions: SessionFactory, from: Long, to: Long, amount: Long) {
    sessions.inTransaction { s: Session ->
        val a = s.getOne(Account::class.java, from)
        val b = s.getOne(Account::class.java, to)
        a.balance = Money(a.balance.cents - amount)
        b.balance = Money(b.balance.cents + amount)
        s.flush()
        require(a.balance.cents >= 0) { "insufficient funds in account $from" }
    }
}

/** A fresh registry per spec, so its classes and tables do not collide with other specs'. */
fun ormRegistry(): Registry = Registry()
