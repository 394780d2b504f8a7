// Korean words in the book's search box.
//
// mdBook builds its search index (elasticlunr) with an English pipeline whose trimmer strips
// every character outside [A-Za-z0-9_] from both ends of a word, and the searcher trims the
// query words the same way: a Korean word becomes empty on both sides and finds no page
// (rust-lang/mdBook#1081). The index keeps each section's text for its teasers, so this script,
// loaded after elasticlunr and before the index (which the searcher fetches on first use), puts
// a trimmer that keeps the letters and digits of every script in the pipeline, and when the
// index loads, indexes the words of that text that the English trimmer dropped.
(function () {
    "use strict";
    if (typeof elasticlunr === "undefined") {
        return;
    }
    var trimmer = function (token) {
        if (token === null || token === undefined) {
            throw new Error("token should not be undefined");
        }
        return token.replace(/^[^\p{L}\p{N}_]+/u, "").replace(/[^\p{L}\p{N}_]+$/u, "");
    };
    // Replaces the registered "trimmer" (by hand: registerFunction warns on a replacement).
    trimmer.label = "trimmer";
    elasticlunr.trimmer = trimmer;
    elasticlunr.Pipeline.registeredFunctions.trimmer = trimmer;

    var notAscii = /[^\x00-\x7f]/;
    var load = elasticlunr.Index.load;
    elasticlunr.Index.load = function (serialised) {
        var index = load.call(this, serialised);
        var docs = index.documentStore.docs;
        Object.keys(docs).forEach(function (ref) {
            index._fields.forEach(function (field) {
                var text = docs[ref][field];
                if (!text) {
                    return;
                }
                var counts = {};
                index.pipeline.run(elasticlunr.tokenizer(text)).forEach(function (token) {
                    if (notAscii.test(token)) {
                        counts[token] = (counts[token] || 0) + 1;
                    }
                });
                var inverted = index.index[field];
                Object.keys(counts).forEach(function (token) {
                    if (!(ref in inverted.getDocs(token))) {
                        inverted.addToken(token, { ref: ref, tf: Math.sqrt(counts[token]) });
                    }
                });
            });
        });
        return index;
    };
})();
