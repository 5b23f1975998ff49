package dev.askdb.security;

/**
 * The signed-in account behind a request, as controllers receive it with
 * {@code @AuthenticationPrincipal}.
 *
 * @param id the account id
 */
public record CurrentUser(long id) {

}
