package dev.parley.streams;

import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.reply.CommandReply;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** Sends the replies of a stream of {@link Outcome}s to {@code command-replies}, keyed by the asking gateway. */
public final class CommandReplies {

    private CommandReplies() {
    }

    /**
     * @param app names the processors, e.g. {@code guild} gives {@code guild-replies}
     */
    public static <K, E> void route(KStream<K, Outcome<E>> outcomes, String topicPrefix, String app) {
        Topic<String, CommandReply> replies = Topics.COMMAND_REPLIES.withPrefix(topicPrefix);
        outcomes.filter((key, outcome) -> outcome.replyTo() != null, Named.as(app + "-outcomes-awaited"))
                .map((key, outcome) -> KeyValue.pair(outcome.replyTo(), outcome.reply()), Named.as(app + "-reply-by-gateway"))
                .to(replies.name(), Produced.with(replies.keySerde(), replies.valueSerde()).withName(app + "-replies"));
    }
}
