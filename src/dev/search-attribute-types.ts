import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const IVT = temporal.api.enums.v1.IndexedValueType;

/** The operator service's indexed value type of each SDK search attribute type. */
export const INDEXED_VALUE_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IVT.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IVT.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IVT.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IVT.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IVT.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IVT.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IVT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Terminus's custom search attributes as the operator service's `addSearchAttributes` takes them. */
export function terminusSearchAttributes(): Record<string, temporal.api.enums.v1.IndexedValueType> {
  return Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED_VALUE_TYPES[k.type]]));
}
