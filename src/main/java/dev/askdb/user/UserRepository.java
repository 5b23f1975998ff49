package dev.askdb.user;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Finds and stores accounts; usernames are matched without regard to case.
 */
interface UserRepository extends JpaRepository<User, Long> {

	@Query("select u from User u where lower(u.username) = lower(?1)")
	Optional<User> findByUsernameIgnoringCase(String username);

	@Query("select u.tokenVersion from User u where u.id = ?1")
	Optional<Integer> findTokenVersion(long id);

	@Query("select u from User u where u.apiKeyKeyId is not null and u.apiKeyKeyId <> ?1")
	List<User> findWithApiKeySealedByOtherThan(String keyId);

}
