package dev.askdb.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from its bearer token when the token is valid, unexpired, and
 * not older than the account's last password change; anything else leaves the request
 * anonymous, to be answered 401 where a token is required.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private final AccessTokens tokens;

	private final AccountStatus accounts;

	BearerTokenFilter(AccessTokens tokens, AccountStatus accounts) {
		this.tokens = tokens;
		this.accounts = accounts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			authenticate(header.substring(PREFIX.length()).strip())
				.ifPresent((user) -> SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of())));
		}
		chain.doFilter(request, response);
	}

	private Optional<CurrentUser> authenticate(String token) {
		return this.tokens.verify(token).filter(this::isCurrent).map((subject) -> new CurrentUser(subject.userId()));
	}

	private boolean isCurrent(AccessTokens.TokenSubject subject) {
		OptionalInt version = this.accounts.currentTokenVersion(subject.userId());
		return version.isPresent() && version.getAsInt() == subject.tokenVersion();
	}

}
