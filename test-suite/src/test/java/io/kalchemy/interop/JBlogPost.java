package io.kalchemy.interop;

import io.kalchemy.orm.ForeignKey;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.ManyToOne;
import io.kalchemy.orm.Table;

/** A post; its author reference loads with it. */
@Table("jb_posts")
public class JBlogPost {
    @Id
    private Long id;
    private String title;
    @ForeignKey(JBlogUser.class)
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
