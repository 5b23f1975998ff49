package dev.askdb.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/**
 * One page of a list, as every list endpoint answers it.
 *
 * @param <T> the item type
 * @param items the items on this page
 * @param page the 0-based page number
 * @param size the page size asked for
 * @param total the number of items on all pages
 */
public record PageResponse<T>(List<T> items, int page, int size, long total) {

	/**
	 * Maps a Spring Data page to the response.
	 * @param <E> the entity type
	 * @param <T> the item type
	 * @param page the page
	 * @param mapper turns an entity into an item
	 * @return the response
	 */
	public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
		return new PageResponse<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
				page.getTotalElements());
	}

}
