package io.kalchemy.orm

import io.kalchemy.schema.ReferentialAction

@Entity("r_users")
class RUser(var name: String) {
    @Id var id: Long? = null

    @OneToMany(mappedBy = "author", cascade = [Cascade.ALL, Cascade.DELETE_ORPHAN], orderBy = "title")
    var posts: MutableList<RPost> = mutableListOf()
}

@Entity("r_posts")
class RPost(var title: String) {
    @Id var id: Long? = null

    @References(RUser::class) var authorId: Long? = null

    @ManyToOne(foreignKey = "authorId") var author: RUser? = null

    /** The database deletes comments with their post (ON DELETE CASCADE), so deleting a post does not load them. */
    @OneToMany(mappedBy = "post", cascade = [Cascade.ALL], passiveDeletes = true)
    var comments: MutableList<RComment> = mutableListOf()

    @ManyToMany(table = "r_post_tags", joinColumn = "post_id", inverseJoinColumn = "tag_id")
    var tags: MutableSet<RTag> = mutableSetOf()
}

@Entity("r_comments")
class RComment(var text: String) {
    @Id var id: Long? = null

    @References(RPost::class, onDelete = ReferentialAction.CASCADE) var postId: Long? = null

    @ManyToOne(foreignKey = "postId") var post: RPost? = null
}

@Entity("r_tags")
class RTag(@MappedColumn(unique = true) var label: String) {
    @Id var id: Long? = null

    @ManyToMany(mappedBy = "tags") var posts: MutableList<RPost> = mutableListOf()
}

/** Self-referential: employee → manager, manager → reports. */
@Entity("r_employees")
class Employee(var name: String) {
    @Id var id: Long? = null

    @References(Employee::class) var managerId: Long? = null

    @ManyToOne(foreignKey = "managerId") var manager: Employee? = null

    @OneToMany(mappedBy = "manager") var reports: MutableList<Employee> = mutableListOf()
}

/** Two tables referring to each other: a team's captain is one of its members. */
@Entity("r_teams")
class RTeam(var name: String) {
    @Id var id: Long? = null
    @References(RMember::class) var captainId: Long? = null
    @ManyToOne(foreignKey = "captainId") var captain: RMember? = null
    @OneToMany(mappedBy = "team") var members: MutableList<RMember> = mutableListOf()
}

@Entity("r_members")
class RMember(var name: String) {
    @Id var id: Long? = null
    @References(RTeam::class) var teamId: Long? = null
    @ManyToOne(foreignKey = "teamId") var team: RTeam? = null
}

/** A composite primary key, referred to by a composite foreign key. */
@Entity("r_orgs")
class Org(@Id var code: String, @Id var region: String, var name: String) {
    @OneToMany(mappedBy = "org", orderBy = "name") var members: MutableList<OrgMember> = mutableListOf()
}

@Entity("r_org_members")
class OrgMember(var name: String) {
    @Id var id: Long? = null
    var orgCode: String? = null
    var orgRegion: String? = null
    @ManyToOne(foreignKey = "orgCode, orgRegion") var org: Org? = null
}
