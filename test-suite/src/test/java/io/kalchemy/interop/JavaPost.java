package io.kalchemy.interop;

import io.kalchemy.orm.ForeignKey;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.Table;

/** A Java entity with plain fields and no accessors at all. */
@Table("j_posts")
public class JavaPost {
    @Id
    Long id;
    @ForeignKey(JavaUser.class)
    long userId;
    String title;

    JavaPost() {
    }

    JavaPost(long userId, String title) {
        this.userId = userId;
        this.title = title;
    }
}
