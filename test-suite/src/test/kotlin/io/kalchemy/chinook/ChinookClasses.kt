package io.kalchemy.chinook

import io.kalchemy.orm.Column
import io.kalchemy.orm.ForeignKey
import io.kalchemy.orm.Id
import io.kalchemy.orm.ManyToMany
import io.kalchemy.orm.ManyToOne
import io.kalchemy.orm.OneToMany
import io.kalchemy.orm.Table
import java.math.BigDecimal
import java.time.LocalDateTime

// Hand-written classes over the Chinook database's existing schema (bracket-quoted, PascalCase names).

@Table("Artist")
class Artist(@Column(name = "Name") var name: String?) {
    @Id @Column(name = "ArtistId") var id: Long? = null
    @OneToMany(mappedBy = "artist", orderBy = "id") var albums: MutableList<Album> = mutableListOf()
}

@Table("Album")
class Album(@Column(name = "Title") var title: String) {
    @Id @Column(name = "AlbumId") var id: Long? = null
    @ForeignKey(Artist::class) @Column(name = "ArtistId") var artistId: Long = 0
    @ManyToOne(foreignKey = "artistId") var artist: Artist? = null
    @OneToMany(mappedBy = "album", orderBy = "id") var tracks: MutableList<Track> = mutableListOf()
}

@Table("Track")
class Track(@Column(name = "Name") var name: String) {
    @Id @Column(name = "TrackId") var id: Long? = null
    @ForeignKey(Album::class) @Column(name = "AlbumId") var albumId: Long? = null
    @ManyToOne(foreignKey = "albumId") var album: Album? = null
    @Column(name = "MediaTypeId") var mediaTypeId: Long = 0
    @Column(name = "GenreId") var genreId: Long? = null
    @Column(name = "Composer") var composer: String? = null
    @Column(name = "Milliseconds") var milliseconds: Long = 0
    @Column(name = "Bytes") var bytes: Long? = null
    @Column(name = "UnitPrice") var unitPrice: BigDecimal = BigDecimal.ZERO
    @ManyToMany(mappedBy = "tracks") var playlists: MutableList<Playlist> = mutableListOf()
}

@Table("Playlist")
class Playlist(@Column(name = "Name") var name: String?) {
    @Id @Column(name = "PlaylistId") var id: Long? = null
    @ManyToMany(table = "PlaylistTrack", joinColumn = "PlaylistId", inverseJoinColumn = "TrackId")
    var tracks: MutableList<Track> = mutableListOf()
}

/** The association rows themselves, mapped with Chinook's composite primary key. */
@Table("PlaylistTrack")
class PlaylistTrack(@Id @Column(name = "PlaylistId") var playlistId: Long, @Id @Column(name = "TrackId") var trackId: Long)

@Table("Employee")
class ChinookEmployee(@Column(name = "LastName") var lastName: String, @Column(name = "FirstName") var firstName: String) {
    @Id @Column(name = "EmployeeId") var id: Long? = null
    @Column(name = "Title") var title: String? = null
    @ForeignKey(ChinookEmployee::class) @Column(name = "ReportsTo") var reportsTo: Long? = null
    @ManyToOne(foreignKey = "reportsTo") var manager: ChinookEmployee? = null
    @OneToMany(mappedBy = "manager", orderBy = "id") var reports: MutableList<ChinookEmployee> = mutableListOf()
    @Column(name = "HireDate") var hireDate: LocalDateTime? = null
}
