/**
 * Text rules shared by the mount and the runner: UTF-8 validation the way Go and rsync (iconv)
 * apply it, one invalid byte at a time. Depends on the JDK only; imports nothing of revcrypt.
 */
package io.revcrypt.core.text;
