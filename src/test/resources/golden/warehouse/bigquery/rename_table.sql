ALTER TABLE weft_id_graph_next RENAME TO weft_id_graph
