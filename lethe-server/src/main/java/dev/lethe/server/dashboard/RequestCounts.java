package dev.lethe.server.dashboard;

import dev.lethe.store.RequestState;
import java.util.Locale;
import java.util.Map;

/** The request counts shown above the requests table and on the overview, and the state badges. */
final class RequestCounts {

    private RequestCounts() {
    }

    /** One line of counts per state and overdue, each linking to its filtered list when {@code linked}. */
    static String strip(DashboardData data, boolean linked) {
        Map<RequestState, Integer> counts = data.counts();
        StringBuilder html = new StringBuilder("<ul class=\"counts\">");
        for (RequestState s : RequestState.values()) {
            String name = s.name().toLowerCase(Locale.ROOT);
            html.append("<li>").append(linked ? "<a href=\"/ui/requests?state=" + name + "\">" : "").append("<strong>")
                    .append(counts.getOrDefault(s, 0)).append("</strong> ").append(name).append(linked ? "</a>" : "").append("</li>");
        }
        int overdue = data.overdueCount();
        html.append("<li").append(overdue > 0 ? " class=\"overdue\"" : "").append('>')
                .append(linked ? "<a href=\"/ui/requests?overdue=1\">" : "").append("<strong>").append(overdue).append("</strong> overdue")
                .append(linked ? "</a>" : "").append("</li></ul>\n");
        return html.toString();
    }

    static String badge(RequestState state) {
        String name = state.name().toLowerCase(Locale.ROOT);
        return "<span class=\"badge " + name + "\">" + name + "</span>";
    }
}
