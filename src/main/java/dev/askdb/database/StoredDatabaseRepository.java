package dev.askdb.database;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Finds databases, always within one owner's.
 */
interface StoredDatabaseRepository extends JpaRepository<StoredDatabase, Long> {

	Optional<StoredDatabase> findByIdAndOwnerId(long id, long ownerId);

	Page<StoredDatabase> findByOwnerId(long ownerId, Pageable pageable);

	@Query("select d.fileName from StoredDatabase d where d.ownerId = ?1")
	List<String> findFileNamesByOwnerId(long ownerId);

	@Query("select d.fileName from StoredDatabase d")
	List<String> findAllFileNames();

}
