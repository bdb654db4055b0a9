package io.kalchemy.interop;

import io.kalchemy.orm.Column;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.Table;

/** A role users may have. */
@Table("jb_roles")
public class JBlogRole {
    @Id
    private Long id;
    @Column(unique = true)
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
