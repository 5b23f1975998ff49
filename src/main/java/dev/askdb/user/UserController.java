package dev.askdb.user;

import jakarta.validation.Valid;

import dev.askdb.security.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's own account: profile, API key, password, deletion.
 */
@RestController
@RequestMapping("/api/users/me")
class UserController {

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@GetMapping
	UserResponses.Me me(@AuthenticationPrincipal CurrentUser user) {
		return UserResponses.Me.of(this.users.get(user.id()));
	}

	@PutMapping("/api-key")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setApiKey(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody UserRequests.ApiKey body) {
		this.users.setApiKey(user.id(), body.apiKey());
	}

	@DeleteMapping("/api-key")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteApiKey(@AuthenticationPrincipal CurrentUser user) {
		this.users.deleteApiKey(user.id());
	}

	@PutMapping("/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(@AuthenticationPrincipal CurrentUser user,
			@Valid @RequestBody UserRequests.PasswordChange body) {
		this.users.changePassword(user.id(), body.currentPassword(), body.newPassword());
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal CurrentUser user) {
		this.users.delete(user.id());
	}

}
