printf 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n536365,17850,2010-12-01,6,2.55\n536366,17\000851,2010-12-02,2,3.10\n' > orders.csv
