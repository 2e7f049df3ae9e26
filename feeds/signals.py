"""Feed cache invalidation on publish, unpublish and move; connected from FeedsConfig.ready()."""
