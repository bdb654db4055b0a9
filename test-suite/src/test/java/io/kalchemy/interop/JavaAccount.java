package io.kalchemy.interop;

import io.kalchemy.orm.Entity;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.MappedColumn;
import io.kalchemy.orm.Version;

import java.math.BigDecimal;

/** An account with an exact balance and optimistic locking. */
@Entity("j_accounts")
public class JavaAccount {
    @Id
    private Long id;
    private String owner;
    @MappedColumn(precision = 12, scale = 2)
    private BigDecimal balance;
    @Version
    private long version;

    protected JavaAccount() {
    }

    public JavaAccount(String owner, BigDecimal balance) {
        this.owner = owner;
        this.balance = balance;
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public BigDecimal getBalance() {
        return balance;
    }

    public void setBalance(BigDecimal balance) {
        this.balance = balance;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long version) {
        this.version = version;
    }
}
