package handler

import "sync"

// Added by the linkage bot's build (scripts/build-ferretdb.sh). FerretDB v1 reads a document in one SQLite
// transaction and writes it back in another, so concurrent updates of one document lost each other's changes
// (200 concurrent $inc left 18) and conditional updates were not conditional. One lock per collection, held for
// a whole update, findAndModify or delete command, makes each atomic, as it is in MongoDB. Inserts need none:
// the unique _id index decides between them.
var collectionLocks sync.Map

// lockCollection locks the collection and returns the function that unlocks it.
func lockCollection(db, collection string) func() {
	m, _ := collectionLocks.LoadOrStore(db+"/"+collection, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()

	return mu.Unlock
}
