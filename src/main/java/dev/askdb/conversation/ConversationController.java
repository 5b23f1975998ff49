package dev.askdb.conversation;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.askdb.conversation.ConversationResponses.ConversationResponse;
import dev.askdb.conversation.ConversationResponses.Exchange;
import dev.askdb.conversation.ConversationResponses.MessagePage;
import dev.askdb.conversation.ConversationResponses.MessageResponse;
import dev.askdb.security.CurrentUser;
import dev.askdb.web.PageResponse;
import dev.askdb.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Conversations and their messages; posting a message asks the language model and answers
 * with the stored exchange, in one piece or as server-sent events.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

	private final ConversationService conversations;

	private final MessageExchange exchange;

	private final StreamedExchange streamed;

	private final ConversationProperties properties;

	private final JsonMapper json;

	ConversationController(ConversationService conversations, MessageExchange exchange, StreamedExchange streamed,
			ConversationProperties properties, JsonMapper json) {
		this.conversations = conversations;
		this.exchange = exchange;
		this.streamed = streamed;
		this.properties = properties;
		this.json = json;
	}

	@PostMapping
	ResponseEntity<ConversationResponse> create(@AuthenticationPrincipal CurrentUser user,
			@Valid @RequestBody NewConversation body) {
		Conversation conversation = this.conversations.create(user.id(), body.databaseId(), body.name());
		return ResponseEntity.created(URI.create("/api/conversations/" + conversation.getId()))
			.body(ConversationResponse.of(conversation));
	}

	@GetMapping
	PageResponse<ConversationResponse> list(@AuthenticationPrincipal CurrentUser user,
			@RequestParam(required = false) @Nullable Long databaseId,
			@RequestParam(defaultValue = "0") @Min(value = 0, message = "must be 0 or more") int page,
			@RequestParam(defaultValue = "20") @Min(value = 1, message = "must be 1 to 100") @Max(value = 100,
					message = "must be 1 to 100") int size) {
		return PageResponse.of(this.conversations.list(user.id(), databaseId, page, size), ConversationResponse::of);
	}

	@GetMapping("/{id}")
	ConversationResponse get(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		return ConversationResponse.of(this.conversations.get(user.id(), id));
	}

	@PatchMapping("/{id}")
	ConversationResponse rename(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
			@Valid @RequestBody Rename body) {
		return ConversationResponse.of(this.conversations.rename(user.id(), id, body.name()));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		this.conversations.delete(user.id(), id);
	}

	@GetMapping("/{id}/messages")
	MessagePage messages(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
			@RequestParam(defaultValue = "-1") @Min(value = -1, message = "must be -1 or more") int after,
			@RequestParam(defaultValue = "50") @Min(value = 1, message = "must be 1 to 200") @Max(value = 200,
					message = "must be 1 to 200") int limit) {
		var items = this.conversations.messages(user.id(), id, after, limit)
			.stream()
			.map((message) -> MessageResponse.of(message, this.json))
			.toList();
		Integer nextAfter = (items.size() == limit) ? items.get(items.size() - 1).index() : null;
		return new MessagePage(items, nextAfter);
	}

	@PostMapping(path = "/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Exchange> post(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
			@Valid @RequestBody Question body) {
		Message question = this.exchange.storeQuestion(user.id(), id, checked(body.content()));
		Message reply = this.exchange.answer(user.id(), question, null);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new Exchange(MessageResponse.of(question, this.json), MessageResponse.of(reply, this.json)));
	}

	@PostMapping(path = "/{id}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter postStreaming(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
			@Valid @RequestBody Question body) {
		Message question = this.exchange.storeQuestion(user.id(), id, checked(body.content()));
		return this.streamed.start(user.id(), question);
	}

	private String checked(String content) {
		if (content.length() > this.properties.maxQuestionChars()) {
			throw Problems.exception(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
					"The question is longer than " + this.properties.maxQuestionChars() + " characters.");
		}
		return content.strip();
	}

	/**
	 * A new conversation.
	 *
	 * @param databaseId the database it is about
	 * @param name its name; a default names the database
	 */
	record NewConversation(@NotNull(message = "is required") Long databaseId,
			@Size(max = 200, message = "must be at most 200 characters") @Nullable String name) {
	}

	/**
	 * A new name.
	 *
	 * @param name the name
	 */
	record Rename(@NotNull(message = "is required") @Size(min = 1, max = 200,
			message = "must be 1 to 200 characters") @Pattern(regexp = ".*\\S.*",
					message = "must not be blank") String name) {
	}

	/**
	 * A question.
	 *
	 * @param content the question's text
	 */
	record Question(@NotBlank(message = "is required") String content) {
	}

}
