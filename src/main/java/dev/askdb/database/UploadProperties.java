package dev.askdb.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits for uploaded files ({@code askdb.upload.*}).
 *
 * @param maxBytes the largest file accepted; larger uploads answer 413
 * @param orphanGrace how old a stored file without a row must be before the start-up
 * sweep removes it, so that uploads in flight on another instance are left alone
 */
@ConfigurationProperties("askdb.upload")
public record UploadProperties(@DefaultValue("100MB") DataSize maxBytes, @DefaultValue("10m") Duration orphanGrace) {

}
