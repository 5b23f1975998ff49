package dev.askdb.user;

/**
 * Published inside the transaction that deletes an account, before its row goes, so that
 * features can remove what the account owns outside the metadata store (uploaded files)
 * once the deletion commits.
 *
 * @param userId the account being deleted
 */
public record AccountDeletion(long userId) {

}
