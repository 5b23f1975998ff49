package dev.askdb.user;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import dev.askdb.security.AccessTokens.AccessToken;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registration and login.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	private final UserService users;

	AuthController(UserService users) {
		this.users = users;
	}

	@PostMapping("/register")
	ResponseEntity<UserResponses.Me> register(@Valid @RequestBody UserRequests.Credentials credentials) {
		User user = this.users.register(credentials.username(), credentials.password());
		return ResponseEntity.created(URI.create("/api/users/me")).body(UserResponses.Me.of(user));
	}

	@PostMapping("/login")
	UserResponses.Token login(@Valid @RequestBody UserRequests.Login login, HttpServletRequest request) {
		AccessToken token = this.users.login(login.username(), login.password(), request.getRemoteAddr());
		return new UserResponses.Token(token.value(), "Bearer", token.expiresInSeconds());
	}

}
