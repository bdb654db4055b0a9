package io.kalchemy.chinook

import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.ManyToMany
import io.kalchemy.orm.ManyToOne
import io.kalchemy.orm.MappedColumn
import io.kalchemy.orm.OneToMany
import io.kalchemy.orm.References
import java.math.BigDecimal
import java.time.LocalDateTime

// Hand-written classes over the Chinook database's existing schema (bracket-quoted, PascalCase names).

@Entity("Artist")
class Artist(@MappedColumn(name = "Name") var name: String?) {
    @Id @MappedColumn(name = "ArtistId") var id: Long? = null
    @OneToMany(mappedBy = "artist", orderBy = "id") var albums: MutableList<Album> = mutableListOf()
}

@Entity("Album")
class Album(@MappedColumn(name = "Title") var title: String) {
    @Id @MappedColumn(name = "AlbumId") var id: Long? = null
    @References(Artist::class) @MappedColumn(name = "ArtistId") var artistId: Long = 0
    @ManyToOne(foreignKey = "artistId") var artist: Artist? = null
    @OneToMany(mappedBy = "album", orderBy = "id") var tracks: MutableList<Track> = mutableListOf()
}

@Entity("Track")
class Track(@MappedColumn(name = "Name") var name: String) {
    @Id @MappedColumn(name = "TrackId") var id: Long? = null
    @References(Album::class) @MappedColumn(name = "AlbumId") var albumId: Long? = null
    @ManyToOne(foreignKey = "albumId") var album: Album? = null
    @MappedColumn(name = "MediaTypeId") var mediaTypeId: Long = 0
    @MappedColumn(name = "GenreId") var genreId: Long? = null
    @MappedColumn(name = "Composer") var composer: String? = null
    @MappedColumn(name = "Milliseconds") var milliseconds: Long = 0
    @MappedColumn(name = "Bytes") var bytes: Long? = null
    @MappedColumn(name = "UnitPrice") var unitPrice: BigDecimal = BigDecimal.ZERO
    @ManyToMany(mappedBy = "tracks") var playlists: MutableList<Playlist> = mutableListOf()
}

@Entity("Playlist")
class Playlist(@MappedColumn(name = "Name") var name: String?) {
    @Id @MappedColumn(name = "PlaylistId") var id: Long? = null
    @ManyToMany(table = "PlaylistTrack", joinColumn = "PlaylistId", inverseJoinColumn = "TrackId")
    var tracks: MutableList<Track> = mutableListOf()
}

/** The association rows themselves, mapped with Chinook's composite primary key. */
@Entity("PlaylistTrack")
class PlaylistTrack(@Id @MappedColumn(name = "PlaylistId") var playlistId: Long, @Id @MappedColumn(name = "TrackId") var trackId: Long)

@Entity("Employee")
class ChinookEmployee(@MappedColumn(name = "LastName") var lastName: String, @MappedColumn(name = "FirstName") var firstName: String) {
    @Id @MappedColumn(name = "EmployeeId") var id: Long? = null
    @MappedColumn(name = "Title") var title: String? = null
    @References(ChinookEmployee::class) @MappedColumn(name = "ReportsTo") var reportsTo: Long? = null
    @ManyToOne(foreignKey = "reportsTo") var manager: ChinookEmployee? = null
    @OneToMany(mappedBy = "manager", orderBy = "id") var reports: MutableList<ChinookEmployee> = mutableListOf()
    @MappedColumn(name = "HireDate") var hireDate: LocalDateTime? = null
}
