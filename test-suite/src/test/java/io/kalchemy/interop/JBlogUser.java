package io.kalchemy.interop;

import io.kalchemy.orm.Cascade;
import io.kalchemy.orm.Entity;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.ManyToMany;
import io.kalchemy.orm.MappedColumn;
import io.kalchemy.orm.OneToMany;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The seeds' user, with posts (one-to-many) and roles (many-to-many), written in Java. */
@Entity("jb_users")
public class JBlogUser {
    @Id
    private Long id;
    @MappedColumn(unique = true)
    private String email;
    @OneToMany(mappedBy = "author", cascade = {Cascade.ALL, Cascade.DELETE_ORPHAN})
    private List<JBlogPost> posts = new ArrayList<>();
    @ManyToMany(table = "jb_user_roles", joinColumn = "user_id", inverseJoinColumn = "role_id")
    private Set<JBlogRole> roles = new LinkedHashSet<>();

    protected JBlogUser() {
    }

    public JBlogUser(String email) {
        this.email = email;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public List<JBlogPost> getPosts() {
        return posts;
    }

    public Set<JBlogRole> getRoles() {
        return roles;
    }
}
