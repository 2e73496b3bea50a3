package dev.lethe.server.opendsr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the status callbacks of OpenDSR 2.0 section 8.5. A small thread polls where each watched
 * request stands (one query joining the workflow's requests), records every change of status with
 * one queued callback per URL in the same transaction, and POSTs the due callbacks, signed like the
 * responses. A callback stays queued in the registry until the controller acknowledges it with a 2xx
 * answer; a failed attempt is retried after {@code firstRetry}, doubling up to {@code maxRetry}. The
 * queue survives a restart: a new dispatcher sends what the old one had not delivered.
 */
public final class CallbackDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CallbackDispatcher.class.getName());

    private final OpenDsrService service;
    private final String publicUrl;
    private final HttpClient http;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Duration poll;
    private final SignedJson signed;
    private volatile Thread thread;
    private volatile boolean stopping;

    /**
     * @param publicUrl where controllers reach this server, for the callbacks' {@code results_url}
     */
    public CallbackDispatcher(OpenDsrService service, String publicUrl, Duration poll, Duration firstRetry, Duration maxRetry) {
        this.service = service;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.poll = poll;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.signed = new SignedJson(service.identity(), service.json());
    }

    /** A dispatcher polling every 200 ms, retrying after 1 s, doubling up to an hour. */
    public static CallbackDispatcher standard(OpenDsrService service, String publicUrl) {
        return new CallbackDispatcher(service, publicUrl, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofHours(1));
    }

    /** Starts the polling thread (a daemon). */
    public synchronized CallbackDispatcher start() {
        if (thread == null) {
            thread = new Thread(this::loop, "opendsr-callbacks");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void loop() {
        while (!stopping) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "OpenDSR callbacks: " + e.getMessage());
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: queue the callbacks of status changes, then send those due. */
    public void tick() {
        detectChanges();
        deliverDue();
    }

    /** Queues a callback for every watched request whose status changed; returns how many changed. */
    public int detectChanges() {
        int changed = 0;
        OpenDsrStore store = service.store();
        for (Map.Entry<String, OpenDsrStore.Watched> e : store.watched().entrySet()) {
            DsrStatus now = e.getValue().current();
            if (now != e.getValue().announced) {
                Optional<OpenDsrStore.Stored> stored = store.find(e.getKey());
                if (stored.isPresent() && store.announce(e.getKey(), e.getValue().announced, now,
                        stored.get().callbackUrls(), service.now().toEpochMilli())) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** Sends every callback due now; returns how many were acknowledged. */
    public int deliverDue() {
        OpenDsrStore store = service.store();
        int acknowledged = 0;
        List<OpenDsrStore.Callback> due = store.due(service.now().toEpochMilli(), 500);
        for (OpenDsrStore.Callback callback : due) {
            if (stopping) {
                break;
            }
            String error = send(callback);
            if (error == null) {
                store.delivered(callback.id(), service.now().toEpochMilli());
                acknowledged++;
            } else {
                long backoff = Math.min(maxRetry.toMillis(), firstRetry.toMillis() << Math.min(30, callback.attempts()));
                store.retryLater(callback.id(), service.now().toEpochMilli() + backoff, error);
            }
        }
        return acknowledged;
    }

    /** POSTs one callback; null when acknowledged, else why not. */
    private String send(OpenDsrStore.Callback callback) {
        Optional<OpenDsrStore.Stored> stored = service.store().find(callback.subjectRequestId());
        if (stored.isEmpty()) {
            return "the request is gone";
        }
        ObjectNode body = service.statusBody(stored.get(), callback.status(), publicUrl);
        body.put("status_callback_url", callback.url());
        SignedJson.Signed s = signed.sign(body);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(callback.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(SignedJson.DOMAIN, service.identity().domain())
                    .header(SignedJson.SIGNATURE, s.signature())
                    .header(SignedJson.OPENGDPR_DOMAIN, service.identity().domain())
                    .header(SignedJson.OPENGDPR_SIGNATURE, s.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(s.body())).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "answered " + status;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Callbacks still waiting for their acknowledgement. */
    public int undelivered() {
        return service.store().undelivered();
    }

    /** Stops the thread after its current callback; what is undelivered stays queued. */
    @Override
    public void close() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
