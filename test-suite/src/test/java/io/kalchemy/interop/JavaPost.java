package io.kalchemy.interop;

import io.kalchemy.orm.Entity;
import io.kalchemy.orm.Id;
import io.kalchemy.orm.References;

/** A Java entity with plain fields and no accessors at all. */
@Entity("j_posts")
public class JavaPost {
    @Id
    Long id;
    @References(JavaUser.class)
    long userId;
    String title;

    JavaPost() {
    }

    JavaPost(long userId, String title) {
        this.userId = userId;
        this.title = title;
    }
}
