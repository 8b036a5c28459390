package dev.weft.api.audiences;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/** Sizes, pairwise intersections and unique members of the compared audiences. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AudienceOverlapView(Map<String, Long> sizes, List<AudienceOverlapPair> pairs, Map<String, Long> unique) {

    static AudienceOverlapView of(dev.weft.audiences.AudiencePreviews.Overlap o) {
        return new AudienceOverlapView(o.sizes(), o.pairs().stream().map(p -> new AudienceOverlapPair(p.a(), p.b(), p.both())).toList(),
                o.unique());
    }
}
