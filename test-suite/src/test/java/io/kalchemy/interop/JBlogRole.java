package io.kalchemy.interop;

import io.kalchemy.orm.Entity;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.MappedColumn;

/** A role users may have. */
@Entity("jb_roles")
public class JBlogRole {
    @Id
    private Long id;
    @MappedColumn(unique = true)
    private String name;

    protected JBlogRole() {
    }

    public JBlogRole(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
