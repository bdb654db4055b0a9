package io.kalchemy.interop;

import io.kalchemy.orm.Entity;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.MappedColumn;

/** A Java bean entity: private fields, getters and setters, a no-argument constructor. */
@Entity("j_users")
public class JavaUser {
    @Id
    private Long id;
    @MappedColumn(unique = true, length = 100)
    private String email;
    private String name;
    private boolean active = true;

    public JavaUser() {
    }

    public JavaUser(String email, String name) {
        this.email = email;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }
}
