package dev.lethe.server.dashboard;

import dev.lethe.store.RequestState;
import java.util.Locale;
import java.util.Map;

/** The request counts shown above the requests table and on the overview, and the state badges. */
final class RequestCounts {

    private RequestCounts() {
    }

    /** One line of counts per state and overdue, each linking to its filtered list. */
    static String strip(DashboardData data) {
        Map<RequestState, Integer> counts = data.counts();
        StringBuilder html = new StringBuilder("<ul class=\"counts\">");
        for (RequestState s : RequestState.values()) {
            String name = s.name().toLowerCase(Locale.ROOT);
            html.append("<li><a href=\"/ui/requests?state=").append(name).append("\"><strong>").append(counts.getOrDefault(s, 0))
                    .append("</strong> ").append(name).append("</a></li>");
        }
        int overdue = data.overdueCount();
        html.append("<li").append(overdue > 0 ? " class=\"overdue\"" : "").append("><a href=\"/ui/requests?overdue=1\"><strong>")
                .append(overdue).append("</strong> overdue</a></li></ul>\n");
        return html.toString();
    }

    static String badge(RequestState state) {
        String name = state.name().toLowerCase(Locale.ROOT);
        return "<span class=\"badge " + name + "\">" + name + "</span>";
    }
}
