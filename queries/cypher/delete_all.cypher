// Empty the graph (policygraph reset). Constraints and indexes stay.
// mode: write
// example: {}
MATCH (n)
DETACH DELETE n
