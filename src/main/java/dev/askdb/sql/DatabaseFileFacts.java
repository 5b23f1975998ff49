package dev.askdb.sql;

/**
 * What the header of an accepted upload says about it.
 *
 * @param pageSize the page size in bytes
 * @param pageCount the number of pages
 * @param textEncoding {@code UTF-8}, {@code UTF-16le} or {@code UTF-16be}
 * @param walHeaderRewritten whether the header said WAL mode and was set back to rollback
 * mode so the file opens on its own
 */
public record DatabaseFileFacts(int pageSize, long pageCount, String textEncoding, boolean walHeaderRewritten) {

}
