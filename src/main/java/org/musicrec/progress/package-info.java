/**
 * Progress of long steps: {@link org.musicrec.progress.Progress} (start, step, message, close) with
 * a live terminal bar ({@link org.musicrec.progress.ConsoleProgress}) and a line-every-few-seconds
 * form for logs ({@link org.musicrec.progress.LineProgress}); both show count, rate and ETA.
 */
package org.musicrec.progress;
