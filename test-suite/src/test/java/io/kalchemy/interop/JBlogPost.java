package io.kalchemy.interop;

import io.kalchemy.orm.Entity;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.ManyToOne;
import io.kalchemy.orm.References;

/** A post; its author reference loads with it. */
@Entity("jb_posts")
public class JBlogPost {
    @Id
    private Long id;
    private String title;
    @References(JBlogUser.class)
    private Long authorId;
    @ManyToOne(foreignKey = "authorId")
    private JBlogUser author;

    protected JBlogPost() {
    }

    public JBlogPost(String title) {
        this.title = title;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public JBlogUser getAuthor() {
        return author;
    }
}
