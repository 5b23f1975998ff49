package dev.askdb.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.askdb.store.DataFolder;

import org.springframework.stereotype.Component;

/**
 * Issues and verifies access tokens: HS256 only, with an expiry and the account's token
 * version, so that a password change or an account deletion ends every token issued
 * before it.
 */
@Component
public class AccessTokens {

	private static final Logger logger = LoggerFactory.getLogger(AccessTokens.class);

	private static final String ALGORITHM = "HS256";

	private static final String VERSION_CLAIM = "ver";

	private final SecretKey key;

	private final Duration ttl;

	private final Clock clock;

	private final JwtParser parser;

	AccessTokens(SecurityProperties properties, DataFolder dataFolder, Clock clock) {
		this.key = Keys.hmacShaKeyFor(
				GeneratedSecrets.configuredOrGenerated(properties.jwtSecret(), dataFolder, "jwt-secret", 32));
		this.ttl = properties.tokenTtl();
		this.clock = clock;
		this.parser = Jwts.parser()
			.verifyWith(this.key)
			.clock(() -> Date.from(clock.instant()))
			.clockSkewSeconds(30)
			.build();
	}

	/**
	 * Issues a token for an account.
	 * @param userId the account id
	 * @param tokenVersion the account's current token version
	 * @return the token and its lifetime
	 */
	public AccessToken issue(long userId, int tokenVersion) {
		Instant now = this.clock.instant();
		String token = Jwts.builder()
			.subject(Long.toString(userId))
			.claim(VERSION_CLAIM, tokenVersion)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(this.ttl)))
			.signWith(this.key, Jwts.SIG.HS256)
			.compact();
		return new AccessToken(token, this.ttl.toSeconds());
	}

	/**
	 * Verifies a token's signature, algorithm and expiry.
	 * @param token the compact token
	 * @return the account and version it names, or empty when it is forged, expired or
	 * malformed
	 */
	public Optional<TokenSubject> verify(String token) {
		try {
			Jws<Claims> jws = this.parser.parseSignedClaims(token);
			if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
				return Optional.empty();
			}
			Claims claims = jws.getPayload();
			Integer version = claims.get(VERSION_CLAIM, Integer.class);
			if (version == null || claims.getExpiration() == null) {
				return Optional.empty();
			}
			return Optional.of(new TokenSubject(Long.parseLong(claims.getSubject()), version));
		}
		catch (JwtException | IllegalArgumentException ex) {
			logger.debug("Refused an access token: {}", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	/**
	 * A signed token and how many seconds it lives.
	 *
	 * @param value the compact token
	 * @param expiresInSeconds its lifetime
	 */
	public record AccessToken(String value, long expiresInSeconds) {
	}

	/**
	 * What a valid token says.
	 *
	 * @param userId the account id
	 * @param tokenVersion the account's token version when the token was issued
	 */
	public record TokenSubject(long userId, int tokenVersion) {
	}

}
