package io.kalchemy.examples.readme.relationships

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.any
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.join
import io.kalchemy.coroutines.like
import io.kalchemy.coroutines.options
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.selectinLoad
import io.kalchemy.examples.readme.README_URL
import io.kalchemy.orm.Cascade
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.ManyToMany
import io.kalchemy.orm.ManyToOne
import io.kalchemy.orm.MappedColumn
import io.kalchemy.orm.OneToMany
import io.kalchemy.orm.References

@Entity("users")
class User(var name: String) {
    @Id var id: Long? = null
    @OneToMany(mappedBy = "author", cascade = [Cascade.ALL, Cascade.DELETE_ORPHAN])
    var posts: MutableList<Post> = mutableListOf()
}

@Entity("posts")
class Post(var title: String) {
    @Id var id: Long? = null
    @References(User::class) var authorId: Long? = null            // the column, as in SQLAlchemy
    @ManyToOne(foreignKey = "authorId") var author: User? = null    // loads with the post (selectin)
    @OneToMany(mappedBy = "post", cascade = [Cascade.ALL, Cascade.DELETE_ORPHAN])
    var comments: MutableList<Comment> = mutableListOf()            // not loaded unless asked: using it raises
    @ManyToMany(table = "post_tags", joinColumn = "post_id", inverseJoinColumn = "tag_id")
    var tags: MutableSet<Tag> = mutableSetOf()
}

@Entity("comments")
class Comment(var text: String) {
    @Id var id: Long? = null
    @References(Post::class) var postId: Long? = null
    @ManyToOne(foreignKey = "postId") var post: Post? = null
}

@Entity("tags")
class Tag(@MappedColumn(unique = true) var label: String) {
    @Id var id: Long? = null
    @ManyToMany(mappedBy = "tags") var posts: MutableList<Post> = mutableListOf()
}

suspend fun main() {
    val db = Database.open(README_URL)
    db.createAll(User::class, Post::class, Comment::class, Tag::class)
    db.transaction {
        val post = Post("SQLite in practice").apply { comments += Comment("Nice"); tags += Tag("sqlite") }
        add(User("Ann").apply { posts += post })                        // cascades to the post, its comment and tag
    }
    db.read {
        val users = select<User>().options(selectinLoad(User::posts).selectinLoad(Post::comments)).list()  // 3 statements in all
        val writers = select<User>().where(User::posts.any(Post::title like "%SQLite%")).list()             // EXISTS
        val anns = select<Post>().join(Post::author).where(User::name eq "Ann").list()
        val u = getOne<User>(1L); load(u, User::posts)                                                    // explicit loading
        println("${users[0].posts[0].comments[0].text} ${writers.size} ${anns[0].title} ${u.posts.size}")
    }
    db.shutdown()
}
